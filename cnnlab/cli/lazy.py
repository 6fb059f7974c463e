"""Mount a Typer sub-app that is imported and built only when its command runs.

The console script already builds only the command it runs (``keep_only``), but a sub-app's
module would still be imported on every start (``cnnlab prove``'s: ~3 ms, its registry of
identities included), and every other way in (``CliRunner``, ``cnnlab --help``) builds all of its
commands (~12 ms). ``mount_lazy`` registers one light forwarding command instead.
"""

import importlib

import typer


def mount_lazy(app: typer.Typer, name: str, target: str, help: str) -> None:
    """Register ``name`` on ``app``, forwarding its arguments to the Typer app at ``target``
    (``"package.module:attribute"``)."""

    @app.command(name, help=help, add_help_option=False,
                 context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def forward(ctx: typer.Context) -> None:
        module, attribute = target.split(":")
        sub_app = getattr(importlib.import_module(module), attribute)
        # not standalone: its errors and exit codes go up to the caller's main (which prints
        # them, or, in a notebook, shows them as one line) instead of ending the process here
        command = typer.main.get_command(sub_app)
        code = command.main(args=ctx.args, prog_name=f"{ctx.find_root().info_name} {name}",
                            standalone_mode=False)
        if isinstance(code, int) and code:
            raise typer.Exit(code)
