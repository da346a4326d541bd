static struct mutex cfg_mutex;
static struct mutex reg_mutex;
static int cfg_gen;
static int nr_regs;

void cfg_reload(void)
{
	mutex_lock(&cfg_mutex);
	mutex_lock(&reg_mutex);					/* expect: lock-order-inversion */
	nr_regs = 0;
	cfg_gen++;
	mutex_unlock(&reg_mutex);
	mutex_unlock(&cfg_mutex);
}

void reg_add(void)
{
	mutex_lock(&reg_mutex);
	nr_regs++;
	mutex_lock(&cfg_mutex);
	cfg_gen++;
	mutex_unlock(&cfg_mutex);
	mutex_unlock(&reg_mutex);
}
