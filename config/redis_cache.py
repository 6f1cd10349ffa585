"""Django's Redis cache backend (`REDIS_URL`), keeping its redis-py client.

Django's own builds a new `redis.Redis` for every call (`RedisCacheClient.get_client`), which
costs as much CPU as the round trip to Redis itself; a page answered from the cache
(portal/cache.py) makes one call, so it paid twice. A client is safe to share between threads
(its connection pool hands out the connections), so one per pool is kept instead."""

from django.core.cache.backends import redis


class KeptRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptRedisCacheClient
