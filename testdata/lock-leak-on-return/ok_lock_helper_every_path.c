/* expect-none */
struct dev {
	struct mutex lock;
	int users;
};

void dev_lock(struct dev *d)
{
	mutex_lock(&d->lock);
	d->users++;
}

void dev_unlock(struct dev *d)
{
	d->users--;
	mutex_unlock(&d->lock);
}

int dev_poke(struct dev *d)
{
	int u;

	dev_lock(d);
	u = d->users;
	dev_unlock(d);
	return u;
}
