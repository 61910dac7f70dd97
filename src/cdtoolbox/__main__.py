"""`python -m cdtoolbox` runs the `cdt` command, for environments where the script is not on
the PATH (a virtual environment not activated, a container with only the interpreter)."""

from cdtoolbox.interfaces.cli.app import main

if __name__ == "__main__":
    main()
