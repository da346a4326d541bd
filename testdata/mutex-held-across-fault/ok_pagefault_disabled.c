/* expect-none */
struct foo_dev {
	struct mutex lock;
	char result[64];
};

long foo_try_read_result(struct foo_dev *dev, void __user *out)
{
	unsigned long left;

	mutex_lock(&dev->lock);
	pagefault_disable();
	left = copy_to_user(out, dev->result, sizeof(dev->result));
	pagefault_enable();
	mutex_unlock(&dev->lock);
	return left ? -EAGAIN : 0;
}
