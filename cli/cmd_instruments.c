/* TEMPORARY STUB: replaced by the real command. */
#include "cli.h"

int cmd_instruments(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("instruments: not implemented yet");
	return CLI_EXIT_USAGE;
}
