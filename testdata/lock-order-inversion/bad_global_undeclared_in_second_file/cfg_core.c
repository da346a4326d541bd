/* The config core owns both mutexes; it takes cfg_mutex, then reg_mutex. */
struct mutex cfg_mutex;
struct mutex reg_mutex;
static int cfg_gen;

void cfg_reload(void)
{
	mutex_lock(&cfg_mutex);
	mutex_lock(&reg_mutex);					/* expect: lock-order-inversion */
	cfg_gen++;
	mutex_unlock(&reg_mutex);
	mutex_unlock(&cfg_mutex);
}
