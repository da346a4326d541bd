/* expect-none */
struct ctrl {
	struct rw_semaphore sem;
	int mode;
};

void ctrl_update(struct ctrl *c, int need, int mode)
{
	if (need)
		down_write(&c->sem);
	c->mode = mode;
	if (need)
		up_write(&c->sem);
}
