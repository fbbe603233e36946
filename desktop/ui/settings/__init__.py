"""设置: the settings page and the first-run set-up."""
