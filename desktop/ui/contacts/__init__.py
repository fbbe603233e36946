"""村民通讯录: the contacts page, a villager's form, grids, the roster import."""
