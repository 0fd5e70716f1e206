// Where the signed-in token lives: the tab's session storage, or local storage when the user asked to stay signed in.
const Key = "wf.token";

export function storedToken(): string | null {
  return sessionStorage.getItem(Key) ?? localStorage.getItem(Key);
}

export function storeToken(token: string, remember: boolean) {
  (remember ? localStorage : sessionStorage).setItem(Key, token);
}

export function forgetToken() {
  sessionStorage.removeItem(Key);
  localStorage.removeItem(Key);
}
