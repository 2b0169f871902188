/* TEMPORARY STUB: replaced by the real command. */
#include "cli.h"

int cmd_score(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("score: not implemented yet");
	return CLI_EXIT_USAGE;
}
