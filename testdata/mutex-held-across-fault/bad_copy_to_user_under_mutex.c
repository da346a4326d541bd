struct foo_dev {
	struct mutex lock;
	char result[64];
};

long foo_read_result(struct foo_dev *dev, void __user *out)
{
	long ret = 0;

	mutex_lock(&dev->lock);					/* step: acquire */
	if (copy_to_user(out, dev->result, sizeof(dev->result)))	/* expect: mutex-held-across-fault */ /* step: fault */
		ret = -EFAULT;
	mutex_unlock(&dev->lock);
	return ret;
}
