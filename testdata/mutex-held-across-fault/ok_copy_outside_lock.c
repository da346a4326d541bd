/* expect-none */
struct foo_dev {
	struct mutex lock;
	char result[64];
};

long foo_read_result(struct foo_dev *dev, void __user *out)
{
	char tmp[64];

	mutex_lock(&dev->lock);
	memcpy(tmp, dev->result, sizeof(tmp));
	mutex_unlock(&dev->lock);
	if (copy_to_user(out, tmp, sizeof(tmp)))
		return -EFAULT;
	return 0;
}
