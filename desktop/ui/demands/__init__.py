"""需求: the demands page, the register and 点单 forms, a demand's detail, its receipt."""
