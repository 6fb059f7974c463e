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
        from cnnlab.cli.app import usage_error

        module, attribute = target.split(":")
        command = typer.main.get_command(getattr(importlib.import_module(module), attribute))
        prog = f"{ctx.find_root().info_name} {name}"
        try:  # the sub-app's own usage errors are one line too, as the main app's are
            code = command.main(args=ctx.args, prog_name=prog, standalone_mode=False)
        except Exception as error:
            code = usage_error(error, ctx.args)
        if isinstance(code, int) and code:
            raise typer.Exit(code)
