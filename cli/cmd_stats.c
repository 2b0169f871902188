/* TEMPORARY STUB: replaced by the real command. */
#include "cli.h"

int cmd_stats(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("stats: not implemented yet");
	return CLI_EXIT_USAGE;
}
