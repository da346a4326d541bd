static struct mutex registry_mutex;
static int registry_count;

static void registry_count_inc(void)
{
	mutex_lock(&registry_mutex);
	registry_count++;
	mutex_unlock(&registry_mutex);
}

static void registry_note_add(void)
{
	registry_count_inc();
}

void registry_add(void)
{
	mutex_lock(&registry_mutex);
	registry_note_add();					/* expect: double-lock */
	mutex_unlock(&registry_mutex);
}
