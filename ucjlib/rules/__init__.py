"""Policy rules as data: parameter files under ``data/rules/`` (see :mod:`ucjlib.rules.api`)."""

from ucjlib.rules.api import *  # noqa: F403
from ucjlib.rules.api import (  # noqa: F401
    BPU_JKK_RATE,
    BPU_JKM_MONTHLY,
    BPU_LOWEST_INCOME,
    BPU_MONTHLY,
    DISCOUNT,
    NATIONAL,
    PRECEDENCE,
    TARGET,
    Level,
    __all__,
)
