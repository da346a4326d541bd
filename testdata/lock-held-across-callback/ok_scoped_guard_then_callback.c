/* expect-none */
struct codec;

struct codec_ops {
	int (*reset)(struct codec *c);
};

struct codec {
	struct mutex lock;
	const struct codec_ops *ops;
	int resets;
};

int codec_reset(struct codec *c)
{
	scoped_guard(mutex, &c->lock) {
		c->resets++;
	}
	return c->ops->reset(c);
}
