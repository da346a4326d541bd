struct codec;

struct codec_ops {
	int (*reset)(struct codec *c);
};

struct codec {
	struct mutex lock;
	const struct codec_ops *ops;
};

int codec_reset(struct codec *c)
{
	guard(mutex)(&c->lock);
	return c->ops->reset(c);				/* expect: lock-held-across-callback */
}
