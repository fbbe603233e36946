"""Parts every screen uses: dialogs, operations, the task manager, paged table models, record lists, field rows, drafts, labels, preferences, the page base."""
