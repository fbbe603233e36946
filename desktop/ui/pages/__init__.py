"""The pages of the main window; each is a widget built from an AppContext."""
