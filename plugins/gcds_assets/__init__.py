from .gcds_assets import register

__all__ = ["register"]
