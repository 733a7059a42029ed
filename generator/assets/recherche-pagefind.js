/*
 * Recherche pour les sites à plusieurs certifications : la boîte de recherche de Material,
 * servie par l'index Pagefind du site (dossier pagefind/).
 *
 * Ce worker parle le protocole du worker de recherche de Material (messages SETUP, READY,
 * QUERY, RESULT) : la page ne change pas. L'index de Material n'est plus chargé en entier :
 * Pagefind ne télécharge que les fragments d'index utiles à chaque requête, puis le
 * descriptif des dix premiers résultats.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var MAX = 10
var racine = new URL("../../../", self.location.href)
var pagefind = null
var file = Promise.resolve()

function echapper(texte) {
  return String(texte).replace(/[&<>"]/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]
  })
}

function relatif(url) {
  // Pagefind donne des adresses absolues depuis la racine du site ; Material les veut relatives.
  return url.replace(/^\//, "")
}

function charger() {
  if (!pagefind)
    pagefind = import(new URL("pagefind/pagefind.js", racine).href).then(function (module) {
      return module.options({ baseUrl: "/", excerptLength: 24 }).then(function () {
        return module.init()
      }).then(function () { return module })
    })
  return pagefind
}

function chercher(requete) {
  var texte = String(requete || "").replace(/[*+~^]/g, " ").trim()
  if (!texte) return Promise.resolve({ items: [] })
  return charger().then(function (module) {
    return module.search(texte)
  }).then(function (trouve) {
    return Promise.all(trouve.results.slice(0, MAX).map(function (r) {
      return r.data().then(function (d) { return [d, r.score] })
    }))
  }).then(function (pages) {
    return {
      items: pages.map(function (paire) {
        var d = paire[0]
        var titre = d.meta && d.meta.title || d.url
        if (d.meta && d.meta.certification && d.meta.certification.indexOf(titre) !== 0)
          titre += " · " + d.meta.certification
        var article = {
          location: relatif(d.url),
          title: echapper(titre),
          text: d.excerpt,
          score: paire[1],
          terms: {}
        }
        var sections = (d.sub_results || []).filter(function (s) {
          return s.url !== d.url && s.title !== (d.meta && d.meta.title)
        }).slice(0, 3).map(function (s) {
          return { location: relatif(s.url), title: echapper(s.title), text: s.excerpt, score: paire[1], terms: {} }
        })
        return [article].concat(sections)
      })
    }
  })
}

self.addEventListener("message", function (ev) {
  var message = ev.data || {}
  file = file.then(function () {
    if (message.type === SETUP) {
      // L'index se charge à la première requête : une simple visite ne télécharge rien de plus.
      self.postMessage({ type: READY })
      return
    }
    if (message.type === QUERY) {
      return chercher(message.data).then(function (resultat) {
        self.postMessage({ type: RESULT, data: resultat })
      }, function (erreur) {
        console.warn("Recherche impossible", erreur)
        self.postMessage({ type: RESULT, data: { items: [] } })
      })
    }
  })
})
