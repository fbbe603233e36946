"""统计报表: the page, its charts and its paper."""
