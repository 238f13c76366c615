//! Procfiles (fixed process lines per service language).

use crate::lang::Lang;

pub fn generate(lang: Lang, out: &mut String) {
    out.push_str(match lang {
        Lang::Ruby => "web: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq -C config/sidekiq.yml\nrelease: bundle exec rails db:migrate\n",
        Lang::Python => "web: gunicorn app.wsgi --workers 3 --log-file -\nworker: celery -A app worker --loglevel=info\nrelease: python manage.py migrate\n",
        Lang::Js | Lang::Ts => "web: node dist/server.js\nworker: node dist/worker.js\n",
        Lang::Go => "web: bin/server\nworker: bin/worker\n",
        Lang::Java => "web: java -Dserver.port=$PORT $JAVA_OPTS -jar target/app.jar\n",
        _ => "web: vendor/bin/heroku-php-apache2 public/\n",
    });
}
