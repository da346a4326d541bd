/* expect-none */
struct node_tbl {
	struct mutex lock;
	int entries[32];
	int count;
};

long node_tbl_snapshot(struct node_tbl *t, void __user *out)
{
	int snap[32];
	int n;
	long ret = 0;

	mutex_lock(&t->lock);
	n = t->count;
	if (n > 32) {
		ret = -EINVAL;
		goto unlock;
	}
	memcpy(snap, t->entries, sizeof(snap));
unlock:
	mutex_unlock(&t->lock);
	if (ret)
		return ret;
	if (copy_to_user(out, snap, n * sizeof(int)))
		return -EFAULT;
	return 0;
}
