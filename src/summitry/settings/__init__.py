"""Settings for development, test and production; secrets come from the environment."""
