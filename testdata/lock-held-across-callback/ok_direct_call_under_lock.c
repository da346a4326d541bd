/* expect-none */
struct codec {
	struct mutex lock;
	int state;
};

static void codec_hw_reset(struct codec *c)
{
	c->state = 0;
}

void codec_reset(struct codec *c)
{
	mutex_lock(&c->lock);
	codec_hw_reset(c);
	mutex_unlock(&c->lock);
}
