"""Admin URLs and menu items of the survey results and the ideas inbox."""
