/* expect-none */
struct port {
	struct mutex cfg_lock;
	struct mutex stats_lock;
	int cfg;
	int stats;
};

void port_set_cfg(struct port *p, int cfg)
{
	mutex_lock(&p->cfg_lock);
	mutex_lock(&p->stats_lock);
	p->cfg = cfg;
	mutex_unlock(&p->stats_lock);
	mutex_unlock(&p->cfg_lock);
}

int port_read_stats(struct port *p)
{
	int v;

	mutex_lock(&p->stats_lock);
	v = p->stats;
	mutex_unlock(&p->stats_lock);
	mutex_lock(&p->cfg_lock);
	v += p->cfg;
	mutex_unlock(&p->cfg_lock);
	return v;
}
