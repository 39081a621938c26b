import { esc, page } from './html.js';

export interface LoginPageOptions {
  hostId: string;
  next: string;
  /** Shown above the form, already in Indonesian. */
  message?: string;
}

export function loginPage(opts: LoginPageOptions): string {
  return page(
    `Masuk · potion-runner ${opts.hostId}`,
    `<h1>potion-runner · ${esc(opts.hostId)}</h1>
<section>
<h2>Masuk ke dashboard</h2>
${opts.message ? `<p class="bad" role="alert">${esc(opts.message)}</p>` : ''}
<form method="post" action="/login">
<input type="text" name="username" value="potion" autocomplete="username" hidden>
<label for="password">Kata sandi dashboard</label>
<input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${esc(opts.next)}">
<button type="submit">Masuk</button>
</form>
<p class="muted">Kata sandinya ada di <code>DASHBOARD_PASSWORD</code> (.env), atau di file
<code>dashboard-password</code> di folder data kalau dibuat otomatis. <code>npm start</code> menunjukkan lokasinya.</p>
</section>`,
  );
}
