"""Mount a Typer sub-app that is built only when its command runs.

Typer turns every registered command into click objects on *each* start, whatever command runs:
a sub-app with many options costs milliseconds of ``cnnlab shape``'s start-up budget
(``cnnlab prove``'s seven commands: ~12 ms). ``mount_lazy`` registers one light forwarding command
instead; the sub-app's module is imported, and its commands built, only when it is called.
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
        sub_app(args=ctx.args, prog_name=f"{ctx.find_root().info_name} {name}")
