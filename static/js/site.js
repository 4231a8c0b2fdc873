// The site's frame needs no script; this file is where progressive enhancements would go.
