"""志愿者与队伍: the volunteer roster, one volunteer's record with points, stars and honours, and
the team tree with the village's own squads."""
