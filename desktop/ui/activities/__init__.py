"""实践活动: the activity list, the form that registers and edits an activity (with its photos and
the demands it answers), and its service hours."""
