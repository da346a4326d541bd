struct ctrl {
	struct rw_semaphore sem;
	int mode;
};

int ctrl_probe_mode(struct ctrl *c);

void ctrl_update(struct ctrl *c, int need)
{
	if (need)
		down_write(&c->sem);
	need = ctrl_probe_mode(c);
	c->mode = need;
	if (need)
		up_write(&c->sem);				/* expect: unlock-not-held */
}							/* expect: lock-leak-on-return */
