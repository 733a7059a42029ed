/*
 * Recherche en français pour Material for MkDocs.
 *
 * Enveloppe le worker de recherche de Material (même protocole de messages) et :
 * - replie les accents des mots indexés et cherchés (modelisateur trouve modélisateur) ;
 * - retire les élisions de la requête (d'apprentissage, l’analyse) ;
 * - recolle les sigles à points (C.A.O. devient CAO, indexé par les mots-clés des pages) ;
 * - ramène les pluriels au singulier (capacités, travaux) avant la recherche par préfixe ;
 * - cherche d'abord les pages qui contiennent tous les mots, puis, faute de mieux, l'un d'eux.
 * Material ne racinise pas (pipeline sans « stemmer ») : la recherche par préfixe, qu'il
 * applique en ajoutant « * » à chaque mot, couvre les fins de mots pendant la frappe.
 */
"use strict"

var QUERY = 2
var ELISION = /(^|[\s"«(])(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])['’‘`´](?=[^\s])/gi
var SIGLE = /(^|[^\p{L}])((?:\p{L}\.){2,}\p{L}?\.?)/gu

function plier(mot) {
  return mot.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
}

function singulier(mot) {
  if (mot.length > 4 && /aux$/.test(mot)) return mot.slice(0, -2)
  if (mot.length > 3 && /[^s][sx]$/.test(mot)) return mot.slice(0, -1)
  return mot
}

function normaliser(requete) {
  var texte = requete
    .replace(SIGLE, function (_, avant, sigle) { return avant + sigle.replace(/\./g, "") })
    .replace(ELISION, "$1")
  var mots = texte.split(/\s+/).filter(Boolean)
  var garde = mots.filter(function (mot, i) {
    // Les mots vides sont ignorés, sauf le dernier, peut-être en cours de frappe.
    var nu = mot.replace(/^[+\-]/, "").toLowerCase()
    var vide = self.lunr && lunr.fr && lunr.fr.stopWordFilter && !lunr.fr.stopWordFilter(nu)
    return i === mots.length - 1 || !vide
  })
  return garde.map(function (mot) {
    var m = /^([+\-]?)(.*?)([~^]\d*)?$/.exec(mot)
    return m[1] + singulier(plier(m[2])) + (m[3] || "")
  }).join(" ")
}

self.addEventListener("message", function (ev) {
  var message = ev.data
  if (message && message.type === QUERY && typeof message.data === "string")
    message.data = normaliser(message.data)
})

// Hors ligne (file://), Material remplace le worker par iframe-worker : importScripts y est
// asynchrone et les adresses se lisent depuis la page ; on attend donc le worker de Material.
var charge
if (self.document && document.currentScript) {
  charge = importScripts(document.currentScript.src.replace(/[^/]*$/, "") + "search.a7633da7.min.js")
} else {
  importScripts("search.a7633da7.min.js")
}

function adapter() {
  // Replie les accents des mots indexés (et des termes cherchés sans joker).
  var lancer = lunr.Pipeline.prototype.run
  lunr.Pipeline.prototype.run = function (tokens) {
    return lancer.call(this, tokens).map(function (token) {
      return token.update(plier)
    })
  }

  // Tous les mots d'abord (comme les moteurs de recherche), n'importe lequel s'il n'y a rien.
  var chercher = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (requete) {
    var mots = requete.split(/\s+/).filter(Boolean)
    if (mots.length > 1) {
      var tous = mots.map(function (mot) { return /^[+\-]/.test(mot) ? mot : "+" + mot }).join(" ")
      var resultats = chercher.call(this, tous)
      if (resultats.length) return resultats
    }
    return chercher.call(this, requete)
  }
}

if (charge && typeof charge.then === "function") charge.then(adapter)
else adapter()
