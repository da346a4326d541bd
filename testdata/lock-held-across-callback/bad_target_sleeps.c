struct sensor;

struct sensor_ops {
	int (*sample)(struct sensor *s);
};

struct sensor {
	spinlock_t lock;
	const struct sensor_ops *ops;
	int last;
};

static int slow_sample(struct sensor *s)
{
	msleep(10);
	return 42;
}

static const struct sensor_ops slow_sensor_ops = {
	.sample = slow_sample,
};

int sensor_poll(struct sensor *s)
{
	int v;

	spin_lock(&s->lock);					/* step: acquire */
	v = s->ops->sample(s);					/* expect: lock-held-across-callback */ /* expect: sleep-in-atomic */
	s->last = v;
	spin_unlock(&s->lock);
	return v;
}
