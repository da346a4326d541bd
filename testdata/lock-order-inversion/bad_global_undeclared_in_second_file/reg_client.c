/* expect-none */
/*
 * A client built without the core's header: the two mutexes are not declared here, so their class comes from
 * the text of the expression, not from a declaration. It is still the same two locks, in the other order.
 */
static int nr_regs;

void reg_add(void)
{
	mutex_lock(&reg_mutex);
	nr_regs++;
	mutex_lock(&cfg_mutex);
	mutex_unlock(&cfg_mutex);
	mutex_unlock(&reg_mutex);
}
