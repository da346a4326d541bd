/* expect-none */
struct dev2 {
	struct mutex a;
	struct mutex b;
	int v;
};

int dev2_op(struct dev2 *d, int x)
{
	int ret = 0;

	mutex_lock(&d->a);
	if (x < 0) {
		ret = -EINVAL;
		goto out_a;
	}
	mutex_lock(&d->b);
	if (x > 100) {
		ret = -ERANGE;
		goto out_b;
	}
	d->v = x;
out_b:
	mutex_unlock(&d->b);
out_a:
	mutex_unlock(&d->a);
	return ret;
}
