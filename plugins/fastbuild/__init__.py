from .fastbuild import register

__all__ = ["register"]
