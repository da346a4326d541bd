struct ctl_cfg {
	int mode;
	int depth;
};

struct ctl {
	struct mutex lock;
	struct ctl_cfg cfg;
};

static int read_cfg_word(int *dst, const int __user *src)
{
	return get_user(*dst, src);				/* step: fault */
}

static int load_cfg(struct ctl *c, const struct ctl_cfg __user *arg)
{
	if (read_cfg_word(&c->cfg.mode, &arg->mode))
		return -EFAULT;
	return read_cfg_word(&c->cfg.depth, &arg->depth);
}

long ctl_set_cfg(struct ctl *c, const struct ctl_cfg __user *arg)
{
	long ret;

	mutex_lock(&c->lock);					/* step: acquire */
	ret = load_cfg(c, arg);					/* expect: mutex-held-across-fault */
	mutex_unlock(&c->lock);
	return ret;
}
