/* expect-none */
/*
 * begin/end helpers pick the command mutex through a local pointer (the parent port's, or the device's own)
 * and return holding it; callers issue one command after another. The caller cannot name that mutex, so the
 * helpers' lock effect must not leak into it as a lock held forever.
 */
struct port;

struct psdev {
	struct mutex cmd_mutex;
	struct port *parent;
	int flags;
};

struct mutex *port_cmd_mutex(struct port *p);

void psdev_begin_command(struct psdev *d)
{
	struct mutex *m = d->parent ? port_cmd_mutex(d->parent) : &d->cmd_mutex;

	mutex_lock(m);
}

void psdev_end_command(struct psdev *d)
{
	struct mutex *m = d->parent ? port_cmd_mutex(d->parent) : &d->cmd_mutex;

	mutex_unlock(m);
}

int psdev_command(struct psdev *d, int cmd)
{
	psdev_begin_command(d);
	d->flags = cmd;
	psdev_end_command(d);
	return 0;
}

int psdev_reset(struct psdev *d)
{
	psdev_command(d, 1);
	return psdev_command(d, 2);
}
