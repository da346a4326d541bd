struct link {
	struct mutex lock;
	int up;
};

int link_hw_up(struct link *l);

int link_bring_up(struct link *l)
{
	int ret;

	mutex_lock(&l->lock);
	ret = link_hw_up(l);
	if (ret)
		mutex_unlock(&l->lock);
	else
		l->up = 1;
	mutex_unlock(&l->lock);					/* expect: unlock-not-held */
	return ret;
}
