"""PlanDrill 应急预案与演练工作台."""

__version__ = "0.1.0"
APP_NAME = "PlanDrill"
