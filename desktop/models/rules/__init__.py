"""Domain rules that need no database: status machine, stars, hours, points, IDs, phones, pinyin."""
