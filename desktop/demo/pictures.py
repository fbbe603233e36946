"""Photos for the demo's activities, drawn here (no picture ships with the program): a stage
or a table under a banner, people in rows, in the colours of the day."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = (1200, 800)
SKY = ((222, 235, 247), (246, 236, 214), (228, 240, 226))
BANNER = (180, 30, 36)


def draw_scene(path: Path, rng: random.Random) -> None:
    """A plain picture of an activity (seeded by ``rng``), saved as PNG at ``path``."""
    image = Image.new("RGB", SIZE, rng.choice(SKY))
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    ground = int(height * rng.uniform(0.55, 0.65))
    draw.rectangle((0, ground, width, height), fill=(196, 188, 170))
    # The banner (no text: the title travels in the record).
    left = rng.randint(120, 320)
    draw.rectangle((left, 90, width - left, 170), fill=BANNER)
    draw.rectangle((left + 20, 115, width - left - 20, 145), fill=(236, 196, 92))
    # A stage or a table under it.
    draw.rectangle((left, ground - 120, width - left, ground), fill=(150, 104, 64))
    # People: heads and shoulders in two or three rows.
    rows = rng.randint(2, 3)
    for row in range(rows):
        y = ground + 40 + row * 90
        for x in range(60 + rng.randint(0, 40), width - 40, rng.randint(70, 95)):
            colour = tuple(rng.randint(30, 200) for _ in range(3))
            draw.ellipse((x, y, x + 44, y + 44), fill=(70, 50, 40))
            draw.rectangle((x - 8, y + 44, x + 52, y + 84), fill=colour)
    image.save(path)
