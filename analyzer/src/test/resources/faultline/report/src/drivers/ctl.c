#include <linux/mutex.h>

static int load_cfg(struct ctl *c, const void __user *arg)
{
	return copy_from_user(&c->cfg, arg, sizeof(c->cfg));
}

long ctl_ioctl(struct ctl *c, const void __user *arg)
{
	long ret;

	mutex_lock(&c->lock);
	ret = load_cfg(c, arg);
	mutex_unlock(&c->lock);
	return ret;
}
