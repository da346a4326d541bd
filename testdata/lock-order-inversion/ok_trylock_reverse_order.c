/* expect-none */
struct pair {
	struct mutex first;
	struct mutex second;
	int v;
};

void pair_forward(struct pair *p)
{
	mutex_lock(&p->first);
	mutex_lock(&p->second);
	p->v++;
	mutex_unlock(&p->second);
	mutex_unlock(&p->first);
}

int pair_reverse(struct pair *p)
{
	mutex_lock(&p->second);
	if (!mutex_trylock(&p->first)) {
		mutex_unlock(&p->second);
		return -EAGAIN;
	}
	p->v--;
	mutex_unlock(&p->first);
	mutex_unlock(&p->second);
	return 0;
}
