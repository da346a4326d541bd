/* expect-none */
struct mixer {
	struct mutex lock;
	int vol;
};

static void mixer_apply(struct mixer *m)
{
	mutex_lock(&m->lock);
	m->vol &= 127;
	mutex_unlock(&m->lock);
}

void mixer_set(struct mixer *m, int vol)
{
	scoped_guard(mutex, &m->lock) {
		m->vol = vol;
	}
	mixer_apply(m);
}
