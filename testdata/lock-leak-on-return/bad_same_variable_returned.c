struct eeprom {
	struct mutex lock;
	int cached;
};

int eeprom_hw_read(struct eeprom *e);

int eeprom_read(struct eeprom *e)
{
	int ret;

	mutex_lock(&e->lock);
	ret = eeprom_hw_read(e);
	if (ret < 0)
		return ret;					/* expect: lock-leak-on-return */
	e->cached = ret;
	mutex_unlock(&e->lock);
	return ret;
}
