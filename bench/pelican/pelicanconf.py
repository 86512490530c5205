# Pelican 4, for the benchmark only: an article per act, category (theme), tag (body) and author (rapporteur) pages.
AUTHOR = "Registre"
SITENAME = "Registre (Pelican)"
SITEURL = ""
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 50
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RELATIVE_URLS = True
ARTICLE_URL = "deliberations/{slug}/"
ARTICLE_SAVE_AS = "deliberations/{slug}/index.html"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
