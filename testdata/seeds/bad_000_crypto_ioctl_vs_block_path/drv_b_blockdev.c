/* expect-none */
/* Driver B: an encrypted block device that decrypts reads with driver A's API. */
struct blk_mq_hw_ctx;

struct blk_mq_queue_data {
	char *buf;
	int len;
};

int a_decrypt(char *buf, int len);

int b_read_sync(char *buf, int len)
{
	return a_decrypt(buf, len);
}

static int b_queue_rq(struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd)
{
	return a_decrypt(bd->buf, bd->len);
}

static const struct blk_mq_ops b_mq_ops = {
	.queue_rq = b_queue_rq,
};
